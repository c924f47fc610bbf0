command: dcsim run -O json test/errors/performance-year-fraction.csv
exit: 1
