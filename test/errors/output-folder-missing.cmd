command: dcsim run -O json test/errors/ok.csv -o test/errors/no-such-folder/out.json
exit: 1
