command: dcsim run -O json test/errors/unterminated-quote.csv
exit: 1
