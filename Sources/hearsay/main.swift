print("hearsay")
