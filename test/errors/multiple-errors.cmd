command: dcsim run -O json test/errors/multiple-errors.csv
exit: 1
