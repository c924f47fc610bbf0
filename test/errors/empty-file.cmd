command: dcsim run -O json test/errors/empty-file.csv
exit: 1
