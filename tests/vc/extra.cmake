# tests/vc/ledger: the ledger-anchored status checker (plx::vc, which links only ledger_client)
# end to end against a real embedded node in a temporary directory. The node is plx::ledger
# (RocksDB), so this one test binary links it besides plx::vc; the vc library itself never does.
if(TARGET vc_ledger_tests AND TARGET plx::ledger)
  target_link_libraries(vc_ledger_tests PRIVATE plx::ledger)
endif()
