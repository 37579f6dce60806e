"""Code generated from proto/chancery/v1 by scripts/generate-clients. DO NOT EDIT."""
