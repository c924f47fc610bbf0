command: dcsim run -O json test/errors/header-only.csv
exit: 1
