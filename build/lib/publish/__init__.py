"""What giamngheo writes for people: the consolidated workbooks and their Parquet copies, the files returned to
communes (error reports, marked-up workbooks) and the blank template communes fill in."""
