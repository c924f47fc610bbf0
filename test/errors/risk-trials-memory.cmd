command: dcsim risk -O json test/errors/ok.csv --trials 100000000
exit: 2
