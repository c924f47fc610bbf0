command: dcsim risk -O json test/errors/ok.csv --trials 9007199254740991
exit: 2
