command: dcsim run -O json test/errors/unterminated-quote-last-row.csv
exit: 1
