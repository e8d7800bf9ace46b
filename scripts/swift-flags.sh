#!/usr/bin/env bash
# Prints the build flags shared by the scripts: on x86-64, code generation for a target CPU.
#   MARGINSTRESS_CPU=native   (default) tuned for this machine: AVX-512 or AVX2 and FMA where it has them
#   MARGINSTRESS_CPU=haswell  any x86-64 CPU with AVX2 and FMA (2013 and later); same results as native
#   MARGINSTRESS_CPU=portable no flags: baseline x86-64 Swift code, runs anywhere; the C kernels still pick
#                             AVX2 or AVX-512 at run time, so it runs at 0.99-1.00 of native on such CPUs
#                             (W1-W3, README Performance)
cpu="${MARGINSTRESS_CPU:-native}"
if [ "$(uname -m)" = "x86_64" ] && [ "$cpu" != "portable" ]; then
    echo "-Xswiftc -target-cpu -Xswiftc $cpu"
fi
