print("spanscope-fake-backend: not yet")
