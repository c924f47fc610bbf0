command: dcsim run -O json test/errors/performance-year-1999.csv
exit: 1
