command: dcsim run -O json test/errors/no-such-file.csv
exit: 1
