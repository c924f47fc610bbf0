command: dcsim run -O json test/errors/quote-in-unquoted-later-field.csv
exit: 1
