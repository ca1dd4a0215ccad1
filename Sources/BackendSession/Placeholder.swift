// BackendFeed arrives with the backend client.
