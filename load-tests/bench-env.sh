# Sourced by the load-test scripts after scripts/postgres.sh started a throwaway cluster: the settings the API (and
# the load generator, which mints tokens with them) run with, with fresh keys every run.
# Usage: bench_export_api_settings <database> <schema>
bench_export_api_settings() {
  export ConnectionStrings__CoCreation
  ConnectionStrings__CoCreation=$(pg_connection_string "$1")
  export EventStore__Schema=$2
  export Auth__OneId__Issuer=https://oneid.bench.cocreation.local
  export Auth__OneId__SigningKey; Auth__OneId__SigningKey=$(random_hex 32)
  export Auth__AdminKeys__0; Auth__AdminKeys__0=admin-$(random_hex 16)
  export Auth__HostKeys__0; Auth__HostKeys__0=host-$(random_hex 16)
  export Pseudonym__Key; Pseudonym__Key=$(random_hex 32)
  export Live__OverlayTokenKey; Live__OverlayTokenKey=$(random_hex 32)
}
