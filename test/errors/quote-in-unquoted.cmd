command: dcsim run -O json test/errors/quote-in-unquoted.csv
exit: 1
