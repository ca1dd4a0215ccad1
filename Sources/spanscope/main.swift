print("spanscope")
