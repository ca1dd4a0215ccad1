// The AsyncHTTPClient transport (HTTPClientTransport) lives here.
