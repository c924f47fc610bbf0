command: dcsim run -O json test/errors/risk-score-0.csv
exit: 1
