from tradeterms.cli import main

main()
