import CVectorMath

/// The instruction set of the simulation's C kernels (the sampler, the correlation, the price step and the
/// liquidation check in `CVectorMath`), chosen once per process from what the CPU reports, so a build with no
/// CPU flags (`swift build -c release`, as a package that depends on this library builds it) runs AVX2 or
/// AVX-512 code where the CPU has it.
///
/// Every level computes the same bits: each multiply-add of the kernels is an explicit fused multiply-add,
/// by the FMA instruction at the AVX2 and AVX-512 levels and by the C library's correctly rounded `fma` at the
/// baseline level (x86-64 without FMA, or another architecture), which keeps the bits at a much higher cost.
/// The environment variable `MARGINSTRESS_KERNELS` (`baseline`, `avx2`, `avx512`) asks for a lower level.
public enum Kernels {
    public enum Level: Int32, CaseIterable, Sendable, CustomStringConvertible {
        /// Any x86-64 (SSE2), or any other architecture.
        case baseline = 0
        /// AVX2 and FMA (x86-64-v3: Intel Haswell, AMD Zen and later).
        case avx2 = 2
        /// AVX-512 F, DQ and VL (x86-64-v4).
        case avx512 = 3

        public var description: String { String(cString: ms_kernels_name(rawValue)) }
    }

    /// The level in use.
    public static var current: Level { Level(rawValue: ms_kernels_level()) ?? .baseline }

    /// Whether this CPU can run `level`.
    public static func isSupported(_ level: Level) -> Bool { ms_kernels_supported(level.rawValue) != 0 }

    /// Uses `level` from now on, when supported (returns false and changes nothing otherwise). For tests and
    /// measurements: call it when no simulation is running.
    @discardableResult
    public static func select(_ level: Level) -> Bool { ms_kernels_select(level.rawValue) != 0 }
}
