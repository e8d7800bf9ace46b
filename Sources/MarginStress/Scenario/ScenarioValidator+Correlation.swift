import Foundation

extension ScenarioValidator {
    /// The correlation matrix (in the order of `symbols`, stored by its non-zero pairs) from pairs or a full
    /// matrix, checked for range, symmetry, unit diagonal and positive definiteness.
    mutating func buildCorrelation(_ market: MarketSection, symbols: [String]) -> CorrelationMatrix? {
        let n = symbols.count
        var c = CorrelationMatrix(order: n)
        let before = issues.count
        switch (market.correlations, market.correlationMatrix) {
        case (.some, .some):
            fail("market.correlationMatrix", "give either market.correlations (pairs) or market.correlationMatrix, not both")
            return nil
        case (let pairs?, nil):
            fillPairs(pairs, symbols: symbols, into: &c)
        case (nil, let matrix?):
            fillMatrix(matrix, symbols: symbols, into: &c)
        case (nil, nil):
            break
        }
        var repair = false
        switch market.correlationRepair?.lowercased() {
        case nil, "none": break
        case "nearest": repair = true
        case let other?: fail("market.correlationRepair", "\"\(other)\" is not known; use nearest (Higham's nearest correlation matrix) or leave it out")
        }
        guard issues.count == before else { return nil }
        let field = market.correlationMatrix != nil ? "market.correlationMatrix" : "market.correlations"
        if repair { return repairedNearest(c, symbols: symbols, field: field) }
        return checkPositiveDefinite(c, symbols: symbols, field: field) ? c : nil
    }

    mutating func fillPairs(_ pairs: [CorrelationPair], symbols: [String], into c: inout CorrelationMatrix) {
        let n = symbols.count
        var index: [String: Int] = [:]
        for (i, symbol) in symbols.enumerated() where index[symbol] == nil { index[symbol] = i }
        var given: [Int: Int] = [:]
        for (k, pair) in pairs.enumerated() {
            let field = "market.correlations[\(k)]"
            var indices: [Int] = []
            for name in [pair.first, pair.second] {
                if let i = index[name] {
                    indices.append(i)
                } else {
                    fail(field, "\"\(name)\" is not a market asset (known: \(symbols.joined(separator: ", ")))")
                }
            }
            if !pair.value.isFinite || pair.value < -1 || pair.value > 1 {
                fail(field, "correlation \(pair.value) is outside [-1, 1]")
                continue
            }
            guard indices.count == 2 else { continue }
            let (i, j) = (indices[0], indices[1])
            if i == j {
                fail(field, "pairs \(pair.first) with itself; a correlation pair names two different assets")
                continue
            }
            let key = min(i, j) * n + max(i, j)
            if let earlier = given[key] {
                fail(field, "the pair \(pair.first)/\(pair.second) is given twice (also market.correlations[\(earlier)]); give it once")
                continue
            }
            given[key] = k
            c[i * n + j] = pair.value
        }
    }

    mutating func fillMatrix(_ matrix: [[Double]], symbols: [String], into c: inout CorrelationMatrix) {
        let n = symbols.count
        let field = "market.correlationMatrix"
        guard matrix.count == n, matrix.allSatisfy({ $0.count == n }) else {
            let shape = matrix.map { String($0.count) }.joined(separator: ", ")
            fail(field, "must be \(n) x \(n), one row and column per market asset in the order "
                 + "\(symbols.joined(separator: ", ")); got \(matrix.count) rows of lengths [\(shape)]")
            return
        }
        for i in 0..<n {
            for j in 0..<n {
                let v = matrix[i][j]
                if !v.isFinite || v < -1 || v > 1 {
                    fail("\(field)[\(i)][\(j)]", "\(v) is outside [-1, 1]")
                } else if i == j && v != 1 {
                    fail("\(field)[\(i)][\(i)]", "diagonal entry is \(v); a correlation matrix has 1 on the diagonal")
                } else if j > i && v != matrix[j][i] {
                    fail("\(field)[\(i)][\(j)]", "\(v) differs from [\(j)][\(i)] = \(matrix[j][i]); the matrix must be symmetric")
                }
                if j > i { c[i * n + j] = v }
            }
        }
    }

    /// Checks positive definiteness through LAPACK's Cholesky factorisation and reports the smallest eigenvalue.
    ///
    /// Only the assets correlated with some other asset are factorised: the rest form an identity block, and a
    /// block-diagonal matrix is positive definite exactly when each block is (its eigenvalues are the blocks'),
    /// so uncorrelated assets (a long list of unused ones, say) cost nothing: the matrix stores only the pairs.
    mutating func checkPositiveDefinite(_ full: CorrelationMatrix, symbols: [String], field: String) -> Bool {
        let linked = full.linked
        let n = linked.count
        if n == 0 { return true }
        let c = full.submatrix(linked)
        do {
            _ = try LAPACK.choleskyLower(c, order: n)
            return true
        } catch {
            let smallest = (try? LAPACK.symmetricEigenvalues(c, order: n))?.first
            let eigen = smallest.map { String(format: "%.6g", $0) } ?? "unknown"
            fail(field,
                 "the correlation matrix is not positive definite (smallest eigenvalue \(eigen)); "
                     + "no joint distribution has these correlations: make them mutually consistent "
                     + "(e.g. lower the largest ones, or check the signs), or set market.correlationRepair: nearest to use "
                     + "the nearest correlation matrix (Higham 2002)")
            return false
        }
    }

    /// `market.correlationRepair: nearest`: a matrix that is positive definite is kept as given; one that is not is
    /// replaced, on the block of assets correlated with another, by Higham's nearest correlation matrix
    /// (`NearestCorrelation`, alternating projections with Dykstra's correction, eigenvalues floored at 1e-8 so
    /// that it has a Cholesky factor), and a warning reports the Frobenius distance ||C - C_repaired||_F.
    mutating func repairedNearest(_ full: CorrelationMatrix, symbols: [String], field: String) -> CorrelationMatrix? {
        let linked = full.linked
        let n = linked.count
        if n == 0 { return full }
        let c = full.submatrix(linked)
        if (try? LAPACK.choleskyLower(c, order: n)) != nil { return full }
        let smallest = (try? LAPACK.symmetricEigenvalues(c, order: n))?.first
        guard let nearest = try? NearestCorrelation(c, order: n, minimumEigenvalue: 1e-8),
              (try? LAPACK.choleskyLower(nearest.matrix, order: n)) != nil else {
            fail(field, "the correlation matrix is not positive definite and its nearest correlation matrix could not be computed; make the correlations mutually consistent")
            return nil
        }
        var repaired = full
        repaired.replaceBlock(linked, with: nearest.matrix)
        correlationRepairDistance = nearest.distance
        warnings.append("\(field): not positive definite (smallest eigenvalue \(smallest.map { String(format: "%.6g", $0) } ?? "unknown")); "
            + "replaced by the nearest correlation matrix (Higham 2002, market.correlationRepair: nearest), Frobenius distance "
            + String(format: "%.6g", nearest.distance))
        return repaired
    }
}
