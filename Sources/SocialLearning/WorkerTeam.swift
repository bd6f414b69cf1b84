import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A fixed group of threads that share out the per-agent work of each phase of a round.
///
/// `run(_:)` calls its body once per member with the member's index: index 0 on the calling
/// thread, the others on helper threads, and returns when every call has returned. The
/// in-process engine gives each member one contiguous block of agents, and since an agent's
/// arithmetic does not depend on which thread does it, beliefs are bit-identical to a run on
/// one thread.
///
/// A round of 100 agents takes tens of microseconds, less than waking a sleeping thread, so
/// helpers first spin on the phase counter and only then sleep on a condition variable. An
/// idle team (the run writing files, or a slow round elsewhere) therefore costs no CPU for
/// long. Each part is claimed before it runs, by its helper or, once the caller has done its
/// own part, by the caller. A helper that the system has not scheduled yet (the machine busy
/// with other work) therefore does not hold up the phase: the caller does its part.
/// One `run` at a time: the engine steps rounds from a single thread.
final class WorkerTeam: @unchecked Sendable {
    /// The number of members, the calling thread included.
    let size: Int
    /// Counts the phases started; a new value signals the helpers that `job` is set.
    private let phase = Atomic<Int>(0)
    /// Per member: the last phase whose part was claimed, and the last one whose part its
    /// helper finished (index 0, the caller's, is unused).
    private let claims: [PartState]
    private let stopping = Atomic<Bool>(false)
    /// Helpers asleep on `condition`, or about to be: only then does a phase need a signal.
    private let sleepers = Atomic<Int>(0)
    /// The body of the current phase. Written before `phase` is raised (releasing) and read
    /// after a helper loads the new phase (acquiring), so the helpers read it complete.
    private var job: ((Int) -> Void)?
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>
    private var threads: [pthread_t] = []

    /// Spins of a waiting helper before it yields its core at each turn, and turns before it
    /// sleeps. That is a few microseconds of spinning and then roughly a hundred of yielding
    /// (an estimate), so that a helper waiting on a busy machine lets other threads run.
    private static let spinsBeforeYield = 2_000
    private static let turnsBeforeSleep = 2_500

    /// Starts `size − 1` helper threads; nil when a thread cannot be created.
    init?(size: Int) {
        precondition(size >= 2, "a team has at least two members")
        self.size = size
        claims = (0..<size).map { _ in PartState() }
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
        condition = .allocate(capacity: 1)
        condition.initialize(to: pthread_cond_t())
        pthread_cond_init(condition, nil)
        for member in 1..<size {
            let start = Unmanaged.passRetained(HelperStart(team: self, member: member))
            #if canImport(Darwin)
                var thread: pthread_t?
            #else
                var thread = pthread_t()
            #endif
            let status = pthread_create(
                &thread, nil,
                { argument in
                    let pointer: UnsafeMutableRawPointer? = argument
                    if let pointer {
                        let start = Unmanaged<HelperStart>.fromOpaque(pointer).takeRetainedValue()
                        start.team.serve(member: start.member)
                    }
                    return nil
                }, start.toOpaque())
            #if canImport(Darwin)
                let started = status == 0 ? thread : nil
            #else
                let started: pthread_t? = status == 0 ? thread : nil
            #endif
            guard let started else {
                start.release()
                shutDown()
                return nil
            }
            threads.append(started)
        }
    }

    deinit {
        shutDown()
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    /// Calls `body(member)` for every member in parallel and waits for all of them.
    func run(_ body: (Int) -> Void) {
        withoutActuallyEscaping(body) { body in
            job = body
            // Sequentially consistent, like the helper's announcement that it will sleep:
            // either it loads the new phase before sleeping, or this loads its sleeper count
            // and wakes it.
            let current = phase.add(1, ordering: .sequentiallyConsistent).newValue
            if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
                pthread_mutex_lock(mutex)
                pthread_cond_broadcast(condition)
                pthread_mutex_unlock(mutex)
            }
            body(0)
            for member in 1..<size {
                let part = claims[member]
                if part.claim(phase: current) {
                    body(member)
                    continue
                }
                // Its helper claimed it: wait for the helper to finish.
                var spins = 0
                while part.finished.load(ordering: .acquiring) != current {
                    spins += 1
                    if spins > 1_000 {
                        sched_yield()
                    }
                }
            }
            job = nil
        }
    }

    /// The loop of helper `member`: wait for a phase, run its part, report, repeat.
    private func serve(member: Int) {
        var seen = 0
        while true {
            var spins = 0
            var current = phase.load(ordering: .acquiring)
            while current == seen && !stopping.load(ordering: .relaxed) {
                spins += 1
                if spins < Self.turnsBeforeSleep {
                    if spins > Self.spinsBeforeYield {
                        sched_yield()
                    }
                    current = phase.load(ordering: .acquiring)
                    continue
                }
                pthread_mutex_lock(mutex)
                sleepers.add(1, ordering: .sequentiallyConsistent)
                current = phase.load(ordering: .sequentiallyConsistent)
                while current == seen && !stopping.load(ordering: .relaxed) {
                    pthread_cond_wait(condition, mutex)
                    current = phase.load(ordering: .acquiring)
                }
                sleepers.subtract(1, ordering: .relaxed)
                pthread_mutex_unlock(mutex)
            }
            if current == seen {
                return
            }
            seen = current
            // The caller cannot end this phase, nor change `job`, before this part is done.
            let part = claims[member]
            if part.claim(phase: current) {
                job?(member)
                part.finished.store(current, ordering: .releasing)
            }
        }
    }

    /// Tells the helpers to leave and waits until they have.
    private func shutDown() {
        pthread_mutex_lock(mutex)
        stopping.store(true, ordering: .relaxed)
        pthread_cond_broadcast(condition)
        pthread_mutex_unlock(mutex)
        for thread in threads {
            pthread_join(thread, nil)
        }
        threads = []
    }
}

extension WorkerTeam {
    /// Runs `body` once per part: on `team`, or once on the calling thread when it is nil.
    ///
    /// Every part runs to its end or its first error. The error of the lowest-numbered
    /// failing part is thrown, as one thread visiting the parts in order would throw it.
    static func runParts(on team: WorkerTeam?, _ body: (Int) throws -> Void) throws {
        guard let team else { return try body(0) }
        var failures = [(any Error)?](repeating: nil, count: team.size)
        failures.withUnsafeMutableBufferPointer { failures in
            team.run { part in
                do {
                    try body(part)
                } catch {
                    failures[part] = error
                }
            }
        }
        if let failure = failures.lazy.compactMap({ $0 }).first {
            throw failure
        }
    }

    /// Returns the items of part `part` when `total` items are cut into `parts` contiguous
    /// blocks.
    static func block(_ part: Int, of parts: Int, _ total: Int) -> Range<Int> {
        (total * part / parts)..<(total * (part + 1) / parts)
    }
}

/// The claim on one member's part of each phase.
private final class PartState: Sendable {
    /// The last phase whose part was claimed.
    let claimed = Atomic<Int>(0)
    /// The last phase whose part the helper finished (parts the caller ran are not counted).
    let finished = Atomic<Int>(0)

    /// Claims the part of `phase` unless someone did; every earlier phase's part was claimed.
    func claim(phase: Int) -> Bool {
        claimed.compareExchange(
            expected: phase - 1, desired: phase, ordering: .acquiringAndReleasing
        ).exchanged
    }
}

/// The team and member index a new helper thread starts with.
///
/// The reference is unowned so that the helpers do not keep their team alive: the team's
/// deinitialiser is what stops and joins them, and it waits for that before it returns.
private final class HelperStart {
    unowned(unsafe) let team: WorkerTeam
    let member: Int

    init(team: WorkerTeam, member: Int) {
        self.team = team
        self.member = member
    }
}
