command: dcsim run -O json test/errors/ok-no-rate.csv --scenario test/errors/scenario-missing-rate.json
exit: 1
