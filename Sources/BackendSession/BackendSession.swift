// BackendFeed: a backend as the explorer's RemoteSource.
