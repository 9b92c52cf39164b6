//! Reading and writing `gateway-owner.json`.
