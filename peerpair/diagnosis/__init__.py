"""Why sessions need cover, and what would cover more: proofs, reasons and fixes."""
