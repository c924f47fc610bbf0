command: dcsim run -O json test/errors/duplicate-column.csv
exit: 1
