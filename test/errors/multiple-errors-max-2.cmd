command: dcsim run -O json test/errors/multiple-errors.csv --max-errors 2
exit: 1
