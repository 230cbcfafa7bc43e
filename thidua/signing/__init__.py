"""Digital signatures: PAdES-signed PDF copies of record of registry documents."""
