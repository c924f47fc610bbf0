command: dcsim run -O json test/errors/cr-line-ends.csv
exit: 1
