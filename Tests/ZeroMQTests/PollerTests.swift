import Foundation
import Testing
import ZeroMQ

@Suite("Poller", .serialized)
struct PollerTests {
    let context: Context

    init() throws {
        context = try Context()
    }

    @Test("socket readable after send")
    func socketReadable() throws {
        let (push, pull, _) = try TestEndpoints.makePipeline(
            context: context,
            endpoint: TestEndpoints.abstractIPC("poll")
        )
        var poller = Poller()
        let pullIndex = poller.register(pull, for: .readable)
        #expect(poller.count == 1)

        let before = try poller.poll(timeout: .zero)
        #expect(before[pullIndex].isEmpty)
        #expect(try pull.pendingEvents().contains(.readable) == false)

        #expect(try push.send(Array("wake up".utf8)))
        let after = try poller.poll(timeout: TestEndpoints.messageTimeout)
        #expect(after[pullIndex] == .readable)
        #expect(try pull.pendingEvents().contains(.readable))

        #expect(try pull.receive(dontWait: true) == [Array("wake up".utf8)])
        #expect(try poller.poll(timeout: .zero)[pullIndex].isEmpty)
    }

    @Test("connected PUSH is writable")
    func socketWritable() throws {
        let (push, _, _) = try TestEndpoints.makePipeline(
            context: context,
            endpoint: TestEndpoints.abstractIPC("writable")
        )
        var poller = Poller()
        let pushIndex = poller.register(push, for: [.readable, .writable])

        let events = try poller.poll(timeout: TestEndpoints.messageTimeout)
        #expect(events[pushIndex] == .writable)
        #expect(try push.pendingEvents() == .writable)
    }

    @Test("poll timeout expires")
    func pollTimeout() throws {
        let pull = try Socket(context: context, type: .pull)
        try pull.bind(TestEndpoints.abstractIPC("idle"))
        var poller = Poller()
        poller.register(pull, for: .readable)

        let clock = ContinuousClock()
        let start = clock.now
        let events = try poller.poll(timeout: .milliseconds(100))
        let elapsed = clock.now - start

        #expect(events == [[]])
        #expect(elapsed >= .milliseconds(80))
        #expect(elapsed < .seconds(3))
    }

    @Test("file descriptor readable")
    func fileDescriptorReadable() throws {
        var descriptors: [Int32] = [-1, -1]
        #expect(pipe(&descriptors) == 0)
        defer {
            close(descriptors[0])
            close(descriptors[1])
        }
        let pull = try Socket(context: context, type: .pull)
        try pull.bind(TestEndpoints.abstractIPC("fd"))
        var poller = Poller()
        let socketIndex = poller.register(pull, for: .readable)
        let pipeIndex = poller.register(fileDescriptor: descriptors[0], for: .readable)

        #expect(try poller.poll(timeout: .zero) == [[], []])

        var byte: UInt8 = 42
        #expect(write(descriptors[1], &byte, 1) == 1)
        let events = try poller.poll(timeout: TestEndpoints.messageTimeout)
        #expect(events[pipeIndex] == .readable)
        #expect(events[socketIndex].isEmpty)
    }

    @Test("closed socket is ENOTSOCK")
    func closedSocket() throws {
        let pull = try Socket(context: context, type: .pull)
        var poller = Poller()
        poller.register(pull, for: .readable)
        pull.close()

        let error = #expect(throws: ZeroMQError.self) {
            try poller.poll(timeout: .zero)
        }
        #expect(error?.isSocketClosed == true)
        #expect(error?.operation == "zmq_poll(1 items)")
    }

    @Test("negative timeout rejected")
    func negativeTimeout() throws {
        let poller = Poller()
        let error = #expect(throws: ZeroMQError.self) {
            try poller.poll(timeout: .milliseconds(-1))
        }
        #expect(error?.code == EINVAL)
    }
}
