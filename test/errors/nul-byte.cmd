command: dcsim run -O json test/errors/nul-byte.csv
exit: 1
