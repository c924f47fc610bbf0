command: dcsim run -O json test/errors/invalid-utf8.csv
exit: 1
