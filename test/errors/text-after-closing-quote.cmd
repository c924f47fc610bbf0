command: dcsim run -O json test/errors/text-after-closing-quote.csv
exit: 1
