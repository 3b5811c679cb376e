// A fixed team of threads that runs one job at a time on every member: no heap allocation per job.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Work a ``WorkerTeam`` runs: every member calls ``work(member:)`` once per job.
protocol TeamWork: AnyObject {
    /// Member `member`'s share of the job (member 0 runs on the calling thread).
    func work(member: Int)
}

/// Runs `work.work(member: w)` for w = 0..<size, member 0 on the calling thread and the others on threads of the team's own,
/// started on the first job and kept until the team is released. Between jobs a member polls for the next one
/// (``pollsBeforeBlocking`` times, yielding the core each time), then blocks on a condition variable; the caller
/// waits for the job's end the same way.
///
/// Unlike `DispatchQueue.concurrentPerform` (which allocates its continuations on every call, 4-5 heap
/// allocations per gradient with two threads per chain), a job allocates nothing, and member w is always the same
/// thread, so per-thread caches stay warm across sweeps.
/// One caller at a time (an evaluator belongs to one chain).
final class WorkerTeam {
    /// Members, the calling thread included.
    let size: Int
    /// Times a waiting member checks for its next job (or the caller for the job's end) before it blocks.
    static let pollsBeforeBlocking = 2000
    private let state: UnsafeMutablePointer<TeamState>
    private var threads: [pthread_t] = []

    /// A team of `size` members (size - 1 threads of its own).
    init(size: Int) {
        precondition(size >= 1)
        self.size = size
        state = .allocate(capacity: 1)
        state.initialize(to: TeamState())
        pthread_mutex_init(&state.pointee.lock, nil)
        pthread_cond_init(&state.pointee.start, nil)
        pthread_cond_init(&state.pointee.finish, nil)
    }

    deinit {
        if !threads.isEmpty {
            pthread_mutex_lock(&state.pointee.lock)
            state.pointee.stopping = true
            pthread_cond_broadcast(&state.pointee.start)
            pthread_mutex_unlock(&state.pointee.lock)
            for t in threads { pthread_join(t, nil) }
        }
        pthread_cond_destroy(&state.pointee.finish)
        pthread_cond_destroy(&state.pointee.start)
        pthread_mutex_destroy(&state.pointee.lock)
        state.deinitialize(count: 1)
        state.deallocate()
    }

    /// Runs `work.work(member: w)` for every member w, w = 0 on the calling thread, and returns when all have finished.
    /// (An object rather than a closure: a closure handed to other threads is boxed on the heap on every job.)
    func run(_ work: any TeamWork) {
        guard size > 1 else { work.work(member: 0); return }
        startThreadsIfNeeded()
        let s = state
        pthread_mutex_lock(&s.pointee.lock)
        s.pointee.work = work
        s.pointee.remaining = size - 1
        s.pointee.generation &+= 1
        pthread_cond_broadcast(&s.pointee.start)
        pthread_mutex_unlock(&s.pointee.lock)
        work.work(member: 0)
        pthread_mutex_lock(&s.pointee.lock)
        WorkerTeam.poll(s) { $0.remaining > 0 }
        while s.pointee.remaining > 0 { pthread_cond_wait(&s.pointee.finish, &s.pointee.lock) }
        s.pointee.work = nil
        pthread_mutex_unlock(&s.pointee.lock)
    }

    private func startThreadsIfNeeded() {
        guard threads.isEmpty else { return }
        for w in 1..<size {
            let member = UnsafeMutablePointer<TeamMember>.allocate(capacity: 1)
            member.initialize(to: TeamMember(state: state, index: w))
            var thread = pthread_t()
            let created = pthread_create(&thread, nil, { raw in
                let member = raw!.assumingMemoryBound(to: TeamMember.self)
                let (state, index) = (member.pointee.state, member.pointee.index)
                member.deinitialize(count: 1)
                member.deallocate()
                WorkerTeam.serve(state, index)
                return nil
            }, member)
            precondition(created == 0, "could not start a worker thread (pthread_create: \(created))")
            threads.append(thread)
        }
    }

    /// A member's loop: wait for a new generation, run the job, report; until the team stops.
    private static func serve(_ s: UnsafeMutablePointer<TeamState>, _ index: Int) {
        var seen: UInt64 = 0
        pthread_mutex_lock(&s.pointee.lock)
        while true {
            WorkerTeam.poll(s) { $0.generation == seen && !$0.stopping }
            while s.pointee.generation == seen && !s.pointee.stopping {
                pthread_cond_wait(&s.pointee.start, &s.pointee.lock)
            }
            if s.pointee.stopping { break }
            seen = s.pointee.generation
            perform(s, index)
            pthread_mutex_lock(&s.pointee.lock)
            s.pointee.remaining -= 1
            if s.pointee.remaining == 0 { pthread_cond_signal(&s.pointee.finish) }
        }
        pthread_mutex_unlock(&s.pointee.lock)
    }

    /// While `waiting(state)` holds, at most ``pollsBeforeBlocking`` times: releases the lock, yields the core and
    /// takes the lock again. Called and returns with the lock held. A gradient's split steps follow each other within
    /// microseconds, and a thread woken from a condition variable can take tens of them to run again.
    private static func poll(_ s: UnsafeMutablePointer<TeamState>, while waiting: (TeamState) -> Bool) {
        var polls = 0
        while waiting(s.pointee) && polls < pollsBeforeBlocking {
            pthread_mutex_unlock(&s.pointee.lock)
            sched_yield()
            polls += 1
            pthread_mutex_lock(&s.pointee.lock)
        }
    }

    /// Runs the current job as member `index`; called with the lock held, returns with it released.
    private static func perform(_ s: UnsafeMutablePointer<TeamState>, _ index: Int) {
        let work = s.pointee.work!
        pthread_mutex_unlock(&s.pointee.lock)
        work.work(member: index)
    }
}

/// The team's shared state, at a fixed address (the pthread objects must not move).
private struct TeamState {
    var lock = pthread_mutex_t()
    var start = pthread_cond_t()
    var finish = pthread_cond_t()
    /// Counts jobs; a member runs a job when it sees a generation it has not run.
    var generation: UInt64 = 0
    var remaining = 0
    var stopping = false
    /// The current job (nil between jobs).
    var work: (any TeamWork)?
}

/// What a new thread needs to know: the state and its member index.
private struct TeamMember {
    let state: UnsafeMutablePointer<TeamState>
    let index: Int
}
