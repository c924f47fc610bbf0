command: dcsim run -O json test/errors/unknown-entitlement.csv
exit: 1
