print("litsearch")
