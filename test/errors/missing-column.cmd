command: dcsim run -O json test/errors/missing-column.csv
exit: 1
