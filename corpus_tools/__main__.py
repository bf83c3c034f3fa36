from corpus_tools.cli import main

main()
