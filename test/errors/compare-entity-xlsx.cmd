command: dcsim compare test/errors/settle-zero-performance-benchmark.csv -o test/errors/no-such-folder/c.xlsx
exit: 2
