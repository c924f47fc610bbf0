command: dcsim run -O json test/errors/ok.csv --scenario test/errors/scenario-out-of-range.json
exit: 1
