import Foundation
import Synchronization
import Testing
import ZeroMQ

/// The error that a background thread caught, handed back to the test's thread.
private final class CaughtError: Sendable {
    let value = Mutex<ZeroMQError?>(nil)
}

@Suite("Context", .serialized)
struct ContextTests {
    @Test("library version is 4.x")
    func libraryVersion() {
        let version = Context.libraryVersion
        #expect(version.major == 4)
        #expect(version.minor >= 0)
        #expect(version.patch >= 0)
    }

    @Test("negative ioThreads rejected")
    func negativeIOThreads() {
        let error = #expect(throws: ZeroMQError.self) {
            try Context(ioThreads: -1)
        }
        #expect(error?.code == EINVAL)
        #expect(error?.description.contains("got -1") == true)
    }

    @Test("terminate with undeliverable message")
    func terminateWithUndeliverableMessage() throws {
        let context = try Context(ioThreads: 1)
        let linger: Duration = .milliseconds(300)
        let push = try Socket(context: context, type: .push, linger: linger)
        // No socket binds this endpoint, so the message stays queued for the pending connection.
        try push.connect(TestEndpoints.abstractIPC("nobody"))
        #expect(try push.send(Array("undeliverable".utf8), dontWait: true))

        let clock = ContinuousClock()
        let start = clock.now
        push.close()
        context.terminate()
        let elapsed = clock.now - start

        // Termination waits for the linger, and only for the linger. The upper margin is
        // generous because CI runs on two busy cores.
        #expect(elapsed >= .milliseconds(200))
        #expect(elapsed < linger + .seconds(2))
        #expect(context.isTerminated)
    }

    @Test("terminate twice returns")
    func terminateTwice() throws {
        let context = try Context()
        context.terminate()
        context.terminate()
        context.shutdown()
        #expect(context.isTerminated)
    }

    @Test("socket after terminate is ETERM")
    func socketAfterTerminate() throws {
        let context = try Context()
        context.terminate()

        let error = #expect(throws: ZeroMQError.self) {
            try Socket(context: context, type: .pull)
        }
        #expect(error?.isTerminated == true)
        #expect(error?.operation == "zmq_socket(PULL)")
    }

    @Test("socket after shutdown is ETERM")
    func socketAfterShutdown() throws {
        let context = try Context()
        context.shutdown()

        let error = #expect(throws: ZeroMQError.self) {
            try Socket(context: context, type: .push)
        }
        #expect(error?.isTerminated == true)
        #expect(context.isTerminated == false)
    }

    @Test("shutdown wakes blocked receive")
    func shutdownWakesBlockedReceive() throws {
        let context = try Context()
        let endpoint = TestEndpoints.abstractIPC("shutdown")
        let bound = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        let caught = CaughtError()

        let receiver = Thread {
            do throws(ZeroMQError) {
                let pull = try Socket(context: context, type: .pull)
                try pull.bind(endpoint)
                bound.signal()
                _ = try pull.receive()
            } catch {
                caught.value.withLock { $0 = error }
            }
            bound.signal()
            finished.signal()
        }
        receiver.start()

        #expect(bound.wait(timeout: .now() + 5) == .success)
        Thread.sleep(forTimeInterval: 0.05)  // let the thread enter zmq_msg_recv
        context.shutdown()

        #expect(finished.wait(timeout: .now() + 5) == .success)
        let error = caught.value.withLock { $0 }
        #expect(error?.isTerminated == true)
        #expect(error?.description.contains("Context was terminated") == true)

        // The thread closed its socket, so terminate cannot block.
        context.terminate()
        #expect(context.isTerminated)
    }
}
