command: dcsim risk -O json test/errors/ok.csv --trend-sd 1e400 --trials 10
exit: 2
