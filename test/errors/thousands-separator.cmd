command: dcsim run -O json test/errors/thousands-separator.csv
exit: 1
