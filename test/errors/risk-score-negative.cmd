command: dcsim run -O json test/errors/risk-score-negative.csv
exit: 1
