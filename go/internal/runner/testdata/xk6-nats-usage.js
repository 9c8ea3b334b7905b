// The xk6-nats design's "Usage in k6" example, as written there, with one change: the
// server address comes from NATS_URL (the embedded server by default).
// It expects a responder on test.request; the runner's tests start one.
import nats from 'k6/Pondigo/nats';

export default function() {
    // Connect to NATS
    const conn = nats.connect({
        urls: [__ENV.NATS_URL],
        reconnectWait: 2,
        maxReconnects: 10
    });
    
    // Basic messaging
    conn.publish('test.subject', 'hello world');
    
    // Request/Reply
    const reply = conn.request('test.request', 'ping', 5000);
    console.log('Reply:', String(reply.data));
    
    // Subscriptions
    conn.subscribe('test.sub', '', (msg) => {
        console.log('Received:', String(msg.data));
    });
    
    // JetStream operations
    const js = nats.jetStream(conn);
    
    // Create stream
    const streamConfig = nats.streamConfig({
        name: 'TEST_STREAM',
        subjects: ['test.>'],
        retention: 'limits',
        storage: 'file',
        replicas: 1
    });
    js.addStream(streamConfig);
    
    // Create consumer
    const consumerConfig = nats.consumerConfig({
        stream: 'TEST_STREAM',
        durable: 'TEST_CONSUMER',
        deliverPolicy: 'all',
        ackPolicy: 'explicit'
    });
    js.addConsumer('TEST_STREAM', consumerConfig);
    
    // Publish to JetStream
    js.publish('test.js', 'Hello JetStream!');
    
    // Get information
    const streamInfo = js.getStreamInfo('TEST_STREAM');
    const consumerInfo = js.getConsumerInfo('TEST_STREAM', 'TEST_CONSUMER');
    const accountInfo = js.getAccountInfo();
    
    // Pull consumer
    const sub = js.pullSubscribe('TEST_STREAM', 'test.>', 'TEST_CONSUMER');
    const messages = js.pullMessages(sub, 10, 5000);
    
    // Cleanup
    js.deleteConsumer('TEST_STREAM', 'TEST_CONSUMER');
    js.deleteStream('TEST_STREAM');
    conn.close();
}
