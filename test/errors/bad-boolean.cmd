command: dcsim run -O json test/errors/bad-boolean.csv
exit: 1
