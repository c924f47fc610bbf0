command: dcsim run -O json test/errors/ok-py2026.csv --scenario test/errors/lead-py-not-covered.json
exit: 1
