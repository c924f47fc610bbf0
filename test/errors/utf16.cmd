command: dcsim run -O json test/errors/utf16.csv
exit: 1
