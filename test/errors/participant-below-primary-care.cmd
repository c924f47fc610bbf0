command: dcsim run -O json test/errors/participant-below-primary-care.csv
exit: 1
